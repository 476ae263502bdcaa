"""Token-bucket rate limiters: in the process, or shared by replicas through Redis."""
