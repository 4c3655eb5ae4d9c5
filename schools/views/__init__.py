"""The register's pages (`register`) and its GIAS file imports (`imports`)."""
