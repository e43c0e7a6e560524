"""geomap: where the protests in news articles happened, on a map."""

from geomap.settings import limit_blas_threads

limit_blas_threads()

__version__ = "0.1.0"
