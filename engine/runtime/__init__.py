"""The workflow runtime over SpiffWorkflow: load and save a case's workflow (spec stored once
per definition), confined scripts, pruning of finished tasks, safe XML parsing, and the
diagram trail a viewer draws."""
