"""The workflow runtime over SpiffWorkflow: load and save a case's workflow (spec stored once
per definition), confined scripts, pruning of finished tasks, resets to an earlier task
(send-back, recall), safe XML parsing, and the diagram trail a viewer draws."""
