"""The classroom: presentation views, the server that shows them to a room, its kernels, and
JupyterLab opened on the course."""
