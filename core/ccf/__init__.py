"""The Canonical Content Format (CCF): one shape for every feed, whatever its source format."""

from core.ccf.model import CCF_VERSION, CCFRecord, ConversionNote

__all__ = ["CCF_VERSION", "CCFRecord", "ConversionNote"]
