"""The engine: an organisation built from a scenario, and inquiries moving through it as events."""
