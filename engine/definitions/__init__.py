"""Process definitions: deploying diagrams as versions, their JSON Schema forms, the lint that
refuses a broken diagram, migrating running cases between versions, and the draft of a next
version (edited forms and diagrams, checked on save: formcheck) with its diff against the
deployed one."""
