/**
 * The rules between a Send or Foreign connector's properties and the organization around it, and the
 * defaults a usage type writes into a new Send connector.
 *
 * <p>{@link dev.sluice.routing.validate.ConnectorValidator} is the entry point every write runs; it
 * composes one class per group of rules. {@link dev.sluice.routing.validate.UsageDefaults} is what
 * {@code new-sendconnector} calls before it validates.
 */
package dev.sluice.routing.validate;
