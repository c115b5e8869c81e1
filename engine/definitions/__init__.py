"""Process definitions: deploying diagrams as versions, their JSON Schema forms, the lint that
refuses a broken diagram, and migrating running cases between versions."""
