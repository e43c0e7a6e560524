"""geomap: where the protests in news articles happened, on a map."""

__version__ = "0.1.0"
