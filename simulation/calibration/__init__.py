"""Calibrating to one's own company: inquiry exports, fitted profiles, replay and backtest."""
