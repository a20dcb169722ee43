"""Foundation: errors, seeds and shift calendars; imports nothing else from the package."""
