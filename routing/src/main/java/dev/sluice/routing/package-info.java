/** The routing brain of Sluice: pure Java, no I/O, no threads, no clock or randomness of its own. */
package dev.sluice.routing;
