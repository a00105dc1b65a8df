; C++ tags, then C's (inherited, and second: these win where both capture a name). `.h` is parsed as C++: the C++ grammar reads C headers
; too, and a C++ header parsed as C would lose its classes.

; --- definitions -------------------------------------------------------------

(namespace_definition name: [(namespace_identifier) (nested_namespace_specifier)] @name) @definition.namespace
(class_specifier name: (type_identifier) @name body: (_)) @definition.class
(alias_declaration name: (type_identifier) @name) @definition.type

; Methods defined outside their class: `void Foo::run() {}` (and `ns::Foo::run`).
(function_definition
  declarator: (function_declarator
    declarator: (qualified_identifier
      scope: (namespace_identifier) @container
      name: [(identifier) (destructor_name) (operator_name)] @name))) @definition.method
(function_definition
  declarator: (function_declarator
    declarator: (qualified_identifier
      name: (qualified_identifier
        scope: (namespace_identifier) @container
        name: [(identifier) (destructor_name) (operator_name)] @name)))) @definition.method
(function_definition
  declarator: (pointer_declarator
    declarator: (function_declarator
      declarator: (qualified_identifier
        scope: (namespace_identifier) @container
        name: [(identifier) (destructor_name) (operator_name)] @name)))) @definition.method
(function_definition
  declarator: (reference_declarator
    (function_declarator
      declarator: (qualified_identifier
        scope: (namespace_identifier) @container
        name: [(identifier) (destructor_name) (operator_name)] @name)))) @definition.method

; Methods declared or defined inside the class body.
(field_declaration_list
  (function_definition declarator: (function_declarator declarator: [(field_identifier) (identifier) (destructor_name) (operator_name)] @name)) @definition.method)
(field_declaration_list
  (function_definition declarator: (pointer_declarator declarator: (function_declarator declarator: [(field_identifier) (identifier) (operator_name)] @name))) @definition.method)
(field_declaration_list
  (function_definition declarator: (reference_declarator (function_declarator declarator: [(field_identifier) (identifier) (operator_name)] @name))) @definition.method)
(field_declaration_list
  (field_declaration declarator: (function_declarator declarator: [(field_identifier) (operator_name)] @name)) @definition.method)
(field_declaration_list
  (field_declaration declarator: (pointer_declarator declarator: (function_declarator declarator: [(field_identifier) (operator_name)] @name))) @definition.method)
(field_declaration_list
  (field_declaration declarator: (reference_declarator (function_declarator declarator: [(field_identifier) (operator_name)] @name))) @definition.method)
(field_declaration_list
  (declaration declarator: (function_declarator declarator: [(identifier) (destructor_name)] @name)) @definition.method)

; Functions and prototypes inside namespaces and extern "C" blocks.
(declaration_list (declaration declarator: (function_declarator declarator: (identifier) @name)) @definition.function)
(declaration_list (declaration declarator: (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))) @definition.function)

; --- references --------------------------------------------------------------

(call_expression function: (qualified_identifier name: (identifier) @name)) @reference.call
(call_expression function: (qualified_identifier name: (qualified_identifier name: (identifier) @name))) @reference.call
(call_expression function: (qualified_identifier name: (template_function name: (identifier) @name))) @reference.call
(call_expression function: (template_function name: (identifier) @name)) @reference.call
(call_expression function: (field_expression field: (template_method name: (field_identifier) @name))) @reference.call
(new_expression type: (type_identifier) @name) @reference.class
(base_class_clause (type_identifier) @name) @reference.class
(base_class_clause (qualified_identifier name: (type_identifier) @name)) @reference.class
