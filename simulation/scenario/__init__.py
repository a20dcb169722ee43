"""The scenario layer: typed, frozen scenarios, read from TOML and checked field by field."""
