package dev.sluice.node.smtp.receive;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Checks the credentials of AUTH PLAIN and LOGIN.
 *
 * <p>The check may be slow on purpose (a salted slow hash), so it answers with a future and the session
 * never waits on the event loop; an implementation runs the check on its own executor and compares in
 * constant time. An empty identity is a failed login ({@code 535 5.7.8}); a failed future is a temporary
 * failure ({@code 454 4.7.0}), since the user may well be valid.
 */
@FunctionalInterface
public interface Authenticator {
  CompletableFuture<Optional<AuthIdentity>> authenticate(Credentials credentials);
}
