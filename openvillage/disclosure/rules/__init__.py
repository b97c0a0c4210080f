"""Pure disclosure rules (no Django import): catalogue, schedule, masking."""
