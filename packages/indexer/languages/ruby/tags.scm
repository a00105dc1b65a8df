; Ruby tags. Every `def` is a method (top-level ones are methods of Object), as ctags
; reports them too.

; --- definitions -------------------------------------------------------------

(module name: [(constant) (scope_resolution name: (_))] @name) @definition.module
(class name: (constant) @name) @definition.class
(class name: (scope_resolution name: (constant) @name)) @definition.class
(method name: (_) @name) @definition.method
(singleton_method name: (_) @name) @definition.method
(alias name: (_) @name) @definition.method
(assignment left: (constant) @name) @definition.constant

; --- references --------------------------------------------------------------

((call
   method: (identifier) @_require
   arguments: (argument_list (string (string_content) @name))) @reference.import
  (#any-of? @_require "require" "require_relative" "load"))
((call
   method: (identifier) @_mixin
   arguments: (argument_list [(constant) (scope_resolution name: (constant))] @name)) @reference.implementation
  (#any-of? @_mixin "include" "extend" "prepend"))
(call method: (identifier) @name) @reference.call
(superclass (constant) @name) @reference.class
(superclass (scope_resolution name: (constant) @name)) @reference.class
