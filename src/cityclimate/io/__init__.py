"""Files in and out (not core): reading activity files, writing XLSX/CSV/JSON exports."""
