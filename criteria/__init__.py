"""The criteria catalogue: rule-sets, local profiles, industry overlays and reference data as YAML."""

from criteria.loader import Catalogue, CatalogueError, load_catalogue

__all__ = ["Catalogue", "CatalogueError", "load_catalogue"]
