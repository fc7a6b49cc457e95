"""Live technical interviews (issue 24): scheduling an interview for an invitation, and its shared code
pad (real-time editing over WebSockets with @codemirror/collab, the server as the authority)."""
