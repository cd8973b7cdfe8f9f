"""Pictures and pages drawn from the core: plots, diagrams, the triangle, HTML and printable pages."""
