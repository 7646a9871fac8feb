package dev.sluice.routing.model;

/** The role of a transport server, as Exchange 2007 has them. */
public enum ServerRole {
  /** A Hub Transport server: inside the organization, member of a site, source of most Send connectors. */
  HUB,
  /** An Edge Transport server: in the perimeter, reaches the organization through an Edge subscription. */
  EDGE
}
