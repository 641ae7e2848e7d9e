"""The application model of the window: what it shows, Qt-free (see adamviz.model.app)."""

from adamviz.model.app import AppModel, Message

__all__ = ["AppModel", "Message"]
