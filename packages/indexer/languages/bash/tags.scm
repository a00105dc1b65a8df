; Bash tags. Every command is a call reference (most name programs, not functions, but a
; reference search for a function name must find its call sites).

; --- definitions -------------------------------------------------------------

(function_definition name: (word) @name) @definition.function
(program (declaration_command "readonly" (variable_assignment name: (variable_name) @name) @definition.constant))
(program (declaration_command (variable_assignment name: (variable_name) @name) @definition.variable))
(program (variable_assignment name: (variable_name) @name) @definition.variable)

; --- references --------------------------------------------------------------

((command name: (command_name (word) @_source) argument: (word) @name) @reference.import
  (#any-of? @_source "source" "."))
(command name: (command_name (word) @name)) @reference.call
