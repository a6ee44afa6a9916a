"""Settings: one TOML file read with pydantic-settings (filled in by the watcher work)."""
