"""What the service desk gives the diagrams and shows of their runs: the choices of diagram form fields, what starts
each process, and the replay of a case."""
