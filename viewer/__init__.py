"""RegTimeline: a swimlane timeline of who permitted what, when, on whose word."""

__version__ = "0.1.0"
