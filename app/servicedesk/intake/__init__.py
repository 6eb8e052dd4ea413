"""Mail coming into the service desk: reading a raw message, then threading it onto tickets."""
