"""tourdesk: live gig and tour logistics in the terminal."""

__version__ = "0.1.0"
