"""The ingest pipeline: receive -> sniff -> parse -> convert -> stage -> check -> diff -> commit."""
