"""Download the open data (CBS StatLine OData, PDOK WFS) into the data directory's layout."""

from kansrijk.areas.download.http import DownloadError
from kansrijk.areas.download.run import download_open_data
from kansrijk.areas.download.sources import KWB_TABLES, PARTS

__all__ = ["KWB_TABLES", "PARTS", "DownloadError", "download_open_data"]
