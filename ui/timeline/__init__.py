"""The world timeline: one row per teammate over 24–72 hours of the viewer's time axis."""
