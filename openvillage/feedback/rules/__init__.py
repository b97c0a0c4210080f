"""Pure rules of villagers' messages (disclosure.md §8, Q1–Q7): no Django import, integers only."""
