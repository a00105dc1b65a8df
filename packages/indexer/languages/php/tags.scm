; PHP tags (the grammar with HTML around <?php … ?>, as files are written).

; --- definitions -------------------------------------------------------------

(namespace_definition name: (namespace_name) @name) @definition.namespace
(class_declaration name: (name) @name) @definition.class
(interface_declaration name: (name) @name) @definition.interface
(trait_declaration name: (name) @name) @definition.interface
(enum_declaration name: (name) @name) @definition.enum
(enum_case name: (name) @name) @definition.constant
(function_definition name: (name) @name) @definition.function
(method_declaration name: (name) @name) @definition.method
(const_declaration (const_element (name) @name)) @definition.constant
(property_declaration (property_element name: (variable_name (name) @name))) @definition.property

; --- references --------------------------------------------------------------

(function_call_expression function: (name) @name) @reference.call
(function_call_expression function: (qualified_name (name) @name)) @reference.call
(member_call_expression name: (name) @name) @reference.call
(nullsafe_member_call_expression name: (name) @name) @reference.call
(scoped_call_expression name: (name) @name) @reference.call
(object_creation_expression (name) @name) @reference.class
(object_creation_expression (qualified_name (name) @name)) @reference.class
(base_clause (name) @name) @reference.class
(base_clause (qualified_name (name) @name)) @reference.class
(class_interface_clause (name) @name) @reference.implementation
(class_interface_clause (qualified_name (name) @name)) @reference.implementation
(use_declaration (name) @name) @reference.implementation
(namespace_use_clause (qualified_name (name) @name)) @reference.import
(namespace_use_clause (name) @name) @reference.import
