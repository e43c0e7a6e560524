"""Stage 2: resolve each mention to a place, using the document's context.

    Resolver(gazetteer, weights).resolve(article, mentions) -> Resolution

The weights (weights.py) hold every bonus, penalty and threshold; the per-language words
that resolution reads are in geomap/lang/*.toml, under [resolution].
"""

from geomap.resolve.resolver import Resolution, Resolver
from geomap.resolve.weights import WEIGHTS, Weights

__all__ = ["Resolution", "Resolver", "WEIGHTS", "Weights"]
