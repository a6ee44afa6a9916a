"""The imperative shell: orchestrates adapters and core, one transaction per message."""
