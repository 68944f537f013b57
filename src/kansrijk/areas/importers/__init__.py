"""The open-data import of the area layer (CBS / PDOK). Entry point: `open_data_load`."""

from kansrijk.areas.importers.errors import DataImportError
from kansrijk.areas.importers.load import LoadResult, open_data_load

__all__ = ["DataImportError", "LoadResult", "open_data_load"]
