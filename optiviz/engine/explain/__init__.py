"""Teaching: the phases of an epoch, the optimizer's vectors, stability and code export."""
