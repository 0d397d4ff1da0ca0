"""The Certinum engine: pure Python (+NumPy) psychometrics and scoring. No Django import."""
