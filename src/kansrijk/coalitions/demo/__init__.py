"""Demo data of the coalition workspace (invented, marked as demo)."""
