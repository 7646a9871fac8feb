package dev.sluice.node.spool;

/** Where a live message's PUT record lies: its segment, offset and whole length. */
record Location(Segment segment, long offset, int length) {}
