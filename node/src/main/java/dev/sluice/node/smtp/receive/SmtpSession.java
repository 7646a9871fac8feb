package dev.sluice.node.smtp.receive;

import dev.sluice.node.smtp.SmtpReply;
import dev.sluice.node.smtp.codec.ContentBuffer;
import dev.sluice.node.smtp.codec.SmtpInput;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The server side of one SMTP session (RFC 5321, with the ESMTP extensions of its EHLO reply), as a state
 * machine from {@link SmtpInput} values to {@link Step}s, with no network types in it.
 *
 * <p>Each verb gets its RFC reply, with an enhanced status code (RFC 2034): out of order {@code 503 5.5.1},
 * unknown {@code 500 5.5.2}, malformed {@code 501 5.5.4} with the syntax. Every error counts, and past
 * {@link SessionSettings#maxProtocolErrors()} the session ends with {@code 421 4.7.0}; NOOP, RSET, VRFY and
 * HELP count as errors past the junk limit. State is two scopes: the connection ({@link ConnectionScope})
 * and the transaction ({@link Transaction}), dropped in one assignment by RSET, EHLO, STARTTLS and the end
 * of data. Policy questions go to the {@link ReceivePolicy}, the message to the {@link MessageSink}; what
 * either answers asynchronously comes back through {@link Step.Await} and {@link #resume()}.
 *
 * <p>Not thread-safe: every method must be called from one thread at a time (the connection's event loop).
 */
public final class SmtpSession {
  /** HTTP request methods: a browser or proxy talking to port 25 is sent away (catalogue row 42). */
  private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "HEAD", "PUT", "CONNECT", "OPTIONS");
  private static final int MAX_CHUNK_DIGITS = 18;

  private enum Expecting { GREETING, COMMAND, AUTH_RESPONSE, DATA, CHUNK, AWAIT, CLOSED }

  private final SessionSettings settings;
  private final ReceivePolicy policy;
  private final MessageSink sink;
  private ConnectionScope connection;
  private Transaction transaction;
  private Expecting expecting = Expecting.GREETING;
  private AuthExchange auth;
  private Optional<SmtpReply> chunkRefusal = Optional.empty();
  private boolean lastChunk;
  private Supplier<Step> continuation;
  private boolean policyReleased;

  public SmtpSession(SessionSettings settings, ConnectionFacts connection, ReceivePolicy policy, MessageSink sink) {
    this.settings = settings;
    this.connection = new ConnectionScope(connection, false, Optional.empty());
    this.policy = policy;
    this.sink = sink;
  }

  /** The greeting ({@code 220 <fqdn> ESMTP Sluice}), or the policy's refusal of this client. */
  public Step greet() {
    Optional<SmtpReply> refusal = policy.refuseConnection(connection.connection);
    if (refusal.isPresent()) {
      return close(refusal.get());
    }
    expecting = Expecting.COMMAND;
    return new Step.Reply(SmtpReply.withoutStatus(220, settings.fqdn() + " ESMTP Sluice"));
  }

  /** The client sent something before the greeting: RFC 5321 section 4.3.1, catalogue row 34. */
  public Step talkedBeforeGreeting() {
    return close(SmtpReply.PROTOCOL_SYNCHRONIZATION);
  }

  /** Takes the next input and says what to do. */
  public Step input(SmtpInput input) {
    return switch (expecting) {
      // RFC 5321 section 4.3.1: the client waits for the greeting; talking first is a synchronization error.
      case GREETING -> close(SmtpReply.PROTOCOL_SYNCHRONIZATION);
      case COMMAND -> command(input);
      case AUTH_RESPONSE -> authResponse(input);
      case DATA -> endOfData(input);
      case CHUNK -> chunk(input);
      case AWAIT, CLOSED -> throw new IllegalStateException("no input is read while the session is " + expecting);
    };
  }

  /** After the future of a {@link Step.Await} completed: the reply it was waiting for. */
  public Step resume() {
    if (expecting != Expecting.AWAIT) {
      throw new IllegalStateException("resume() answers a Step.Await, and the session is " + expecting);
    }
    expecting = Expecting.COMMAND;
    Supplier<Step> next = continuation;
    continuation = null;
    return next.get();
  }

  /** STARTTLS completed: the client starts afresh with EHLO, inside TLS (RFC 3207 section 4.2). */
  public void tlsStarted() {
    tlsStarted(Optional.empty());
  }

  /**
   * STARTTLS completed, and {@code verifiedClient} names the client certificate that verified against the
   * node's trusted certificates, if the client presented one that did.
   */
  public void tlsStarted(Optional<String> verifiedClient) {
    connection = connection.afterTls(verifiedClient);
    transaction = null;
  }

  /** The connection has closed, whoever closed it: the policy gives back what it held for it. */
  public void closed() {
    expecting = Expecting.CLOSED;
    transaction = null;
    if (!policyReleased) {
      policyReleased = true;
      policy.connectionClosed();
    }
  }

  /** The connection or inactivity timeout struck. */
  public Step timedOut() {
    return close(SmtpReply.of(421, "4.4.2", settings.fqdn() + " Error: timeout exceeded"));
  }

  /**
   * No octet of DATA or BDAT content came within the data timeout: the session ends, and what came of
   * the message is dropped.
   */
  public Step dataTimedOut() {
    return close(SmtpReply.of(421, "4.4.2", settings.fqdn() + " Timeout waiting for data, closing connection"));
  }

  /**
   * The client sent its content at {@code rate} octets per second, below the {@code minimum}: a slowloris
   * trickle holds a connection for little data (catalogue row 43). The session ends, the message is dropped.
   */
  public Step dataTooSlow(long rate, long minimum) {
    return close(SmtpReply.of(421, "4.4.2", settings.fqdn() + " Error: data rate too low (" + rate
        + " octets/s, at least " + minimum + " needed), closing connection"));
  }

  /** The server is stopping. */
  public Step shuttingDown() {
    return close(SmtpReply.of(421, "4.3.2", settings.fqdn() + " Service shutting down"));
  }

  /** Whether a message is under way, so a stopping server lets the session finish. */
  public boolean inTransaction() {
    return transaction != null || expecting == Expecting.DATA || expecting == Expecting.CHUNK
        || expecting == Expecting.AWAIT;
  }

  private Step command(SmtpInput input) {
    if (input instanceof SmtpInput.CommandLine line) {
      return line(line);
    }
    if (input instanceof SmtpInput.LineTooLong) {
      return error(SmtpReply.COMMAND_TOO_LONG);
    }
    if (input instanceof SmtpInput.MalformedLine malformed) {
      return error(malformedReply(malformed.defect()));
    }
    throw new IllegalStateException("content arrived outside DATA or BDAT: " + input);
  }

  private static SmtpReply malformedReply(SmtpInput.Defect defect) {
    return switch (defect) {
      case BARE_LF -> SmtpReply.BARE_LF_IN_COMMAND;
      case BARE_CR -> SmtpReply.BARE_CR_IN_COMMAND;
      case NUL -> SmtpReply.NUL_IN_COMMAND;
    };
  }

  private Step line(SmtpInput.CommandLine line) {
    String text = line.text();
    if (text.isBlank()) {
      return error(SmtpReply.BAD_SYNTAX);
    }
    int space = text.indexOf(' ');
    String verb = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
    String argument = space < 0 ? "" : text.substring(space + 1).strip();
    if (HTTP_METHODS.contains(verb)) {
      return close(SmtpReply.HTTP_GOODBYE);
    }
    return switch (verb) {
      case "EHLO" -> hello(argument, true);
      case "HELO" -> hello(argument, false);
      case "MAIL" -> mail(argument);
      case "RCPT" -> rcpt(argument);
      case "DATA" -> data(argument, line.pipelinedInputFollows());
      case "BDAT" -> bdat(argument);
      case "RSET" -> argument.isEmpty() ? rset() : error(syntax("RSET"));
      case "NOOP" -> junk(SmtpReply.OK);
      case "QUIT" -> close(SmtpReply.BYE);
      case "VRFY" -> argument.isEmpty() ? error(syntax("VRFY address")) : junk(SmtpReply.CANNOT_VRFY);
      case "HELP" -> junk(SmtpReply.HELP);
      case "EXPN", "ETRN", "TURN" -> error(SmtpReply.NOT_IMPLEMENTED);
      case "STARTTLS" -> startTls(argument);
      case "AUTH" -> auth(argument);
      default -> error(SmtpReply.COMMAND_NOT_RECOGNIZED);
    };
  }

  private Step hello(String argument, boolean extended) {
    String syntax = extended ? "EHLO hostname" : "HELO hostname";
    if (argument.isEmpty() || argument.indexOf(' ') >= 0 || !PathParser.isAscii(argument)) {
      return error(syntax(syntax));
    }
    boolean literal = argument.startsWith("[");
    if (literal ? !PathParser.Domains.isAddressLiteral(argument) : !PathParser.Domains.isDomain(argument, true)) {
      return error(syntax(syntax));
    }
    transaction = null;
    connection.heloName = Optional.of(argument);
    connection.extended = extended;
    if (!extended) {
      return new Step.Reply(SmtpReply.withoutStatus(250, settings.fqdn()));
    }
    return new Step.Reply(new Ehlo(settings.fqdn(), policy.maxMessageSize(),
        settings.startTlsAvailable() && !connection.tlsActive, policy.offerAuth(connection.facts())).reply());
  }

  private Step mail(String argument) {
    if (connection.heloName.isEmpty()) {
      return error(SmtpReply.SEND_HELO_FIRST);
    }
    if (transaction != null) {
      return error(SmtpReply.NESTED_MAIL);
    }
    Optional<String> pathText = afterKeyword(argument, "FROM:");
    if (pathText.isEmpty()) {
      return error(syntax("MAIL FROM:<address>"));
    }
    PathParser.Result parsed = PathParser.parse(pathText.get(), true);
    if (parsed instanceof PathParser.Result.Refused refused) {
      return error(switch (refused.failure()) {
        case SYNTAX -> syntax("MAIL FROM:<address>");
        case ADDRESS -> SmtpReply.of(501, "5.1.7", "Bad sender address syntax");
        case NON_ASCII -> SmtpReply.UTF8_NOT_DECLARED;
      });
    }
    PathParser.Parsed path = ((PathParser.Result.Ok) parsed).parsed();
    MailParameters.Result parameters = MailParameters.parse(path.rest());
    if (parameters instanceof MailParameters.Result.Refused refused) {
      return error(refused.reply());
    }
    MailParameters accepted = ((MailParameters.Result.Ok) parameters).parameters();
    if (accepted.size().isPresent() && accepted.size().getAsLong() > policy.maxMessageSize()) {
      return new Step.Reply(SmtpReply.DECLARED_SIZE_TOO_BIG);
    }
    SmtpReply reply = policy.checkSender(connection.facts(), path.mailbox(), accepted.size());
    if (reply.isPositive()) {
      transaction = new Transaction(path.mailbox(), accepted);
      return new Step.Reply(reply);
    }
    return refusal(reply);
  }

  private Step rcpt(String argument) {
    if (transaction == null) {
      return error(SmtpReply.NEED_MAIL);
    }
    Optional<String> pathText = afterKeyword(argument, "TO:");
    if (pathText.isEmpty()) {
      return error(syntax("RCPT TO:<address>"));
    }
    PathParser.Result parsed = PathParser.parse(pathText.get(), false);
    if (parsed instanceof PathParser.Result.Refused refused) {
      return error(switch (refused.failure()) {
        case SYNTAX -> syntax("RCPT TO:<address>");
        case ADDRESS -> SmtpReply.of(501, "5.1.3", "Bad recipient address syntax");
        case NON_ASCII -> SmtpReply.UTF8_NOT_DECLARED;
      });
    }
    PathParser.Parsed path = ((PathParser.Result.Ok) parsed).parsed();
    if (!path.rest().isEmpty()) {
      return error(SmtpReply.of(555, "5.5.4", "Unsupported option: " + MailParameters.printable(path.rest())));
    }
    // RFC 5321 section 4.5.3.1.10: 452 for recipients past the limit; the client sends them again later.
    if (transaction.recipients.size() >= policy.maxRecipients()) {
      return new Step.Reply(SmtpReply.TOO_MANY_RECIPIENTS);
    }
    Mailbox recipient = path.mailbox().orElseThrow();
    SmtpReply reply = policy.checkRecipient(connection.facts(), transaction.sender, recipient);
    if (reply.isPositive()) {
      transaction.recipients.add(recipient);
      return new Step.Reply(reply);
    }
    transaction.refusedRecipients++;
    return refusal(reply);
  }

  private Step data(String argument, boolean contentAlreadySent) {
    if (!argument.isEmpty()) {
      return error(syntax("DATA"));
    }
    if (transaction == null) {
      return error(SmtpReply.NEED_MAIL);
    }
    if (transaction.chunked()) {
      return error(SmtpReply.DATA_AFTER_BDAT);
    }
    Optional<SmtpReply> notReady = transaction.notReadyForContent();
    if (notReady.isPresent()) {
      return error(notReady.get());
    }
    // RFC 2920 section 3.1: DATA ends a pipelined group; content before the 354 is not SMTP (row 35).
    if (contentAlreadySent) {
      return close(SmtpReply.PROTOCOL_SYNCHRONIZATION);
    }
    expecting = Expecting.DATA;
    return new Step.ReadData(SmtpReply.START_MAIL_INPUT, policy.maxMessageSize());
  }

  private Step endOfData(SmtpInput input) {
    if (!(input instanceof SmtpInput.MessageData data)) {
      throw new IllegalStateException("DATA content was expected, not " + input);
    }
    expecting = Expecting.COMMAND;
    Transaction finished = transaction;
    transaction = null;
    return deliver(finished, data.content(), false);
  }

  private Step bdat(String argument) {
    String[] words = argument.split(" +");
    boolean last = words.length == 2 && words[1].equalsIgnoreCase("LAST");
    if (words.length < 1 || words.length > 2 || (words.length == 2 && !last) || words[0].isEmpty()
        || words[0].length() > MAX_CHUNK_DIGITS || !words[0].chars().allMatch(c -> c >= '0' && c <= '9')) {
      return error(syntax("BDAT chunk-size [LAST]"));
    }
    long size = Long.parseLong(words[0]);
    chunkRefusal = bdatRefusal(size);
    lastChunk = last;
    expecting = Expecting.CHUNK;
    if (size == 0) {
      return chunk(new SmtpInput.Chunk(0, new byte[0]));
    }
    // A refused chunk is still read whole (RFC 3030 section 3), and dropped.
    return new Step.ReadChunk(size, chunkRefusal.isPresent() ? 0 : size);
  }

  private Optional<SmtpReply> bdatRefusal(long size) {
    if (transaction == null) {
      return Optional.of(SmtpReply.NEED_MAIL);
    }
    Optional<SmtpReply> notReady = transaction.notReadyForContent();
    if (notReady.isPresent()) {
      return notReady;
    }
    long soFar = transaction.chunked() ? transaction.chunks.size() : 0;
    if (size > policy.maxMessageSize() - soFar) {
      // RFC 3030 section 2: after a failed chunk the client sends no more, so the transaction is over.
      transaction = null;
      return Optional.of(SmtpReply.CHUNK_TOO_BIG);
    }
    return Optional.empty();
  }

  private Step chunk(SmtpInput input) {
    if (!(input instanceof SmtpInput.Chunk chunk)) {
      throw new IllegalStateException("a BDAT chunk was expected, not " + input);
    }
    expecting = Expecting.COMMAND;
    if (chunkRefusal.isPresent()) {
      SmtpReply refusal = chunkRefusal.get();
      chunkRefusal = Optional.empty();
      return refusal.code() == 552 ? new Step.Reply(refusal) : error(refusal);
    }
    if (!transaction.chunked()) {
      transaction.chunks = new ContentBuffer(policy.maxMessageSize());
    }
    transaction.chunks.append(chunk.kept(), 0, chunk.kept().length);
    if (!lastChunk) {
      return new Step.Reply(SmtpReply.of(250, "2.0.0", "Ok: " + chunk.size() + " octets received"));
    }
    Transaction finished = transaction;
    transaction = null;
    return deliver(finished, finished.chunks.finish(), true);
  }

  private Step deliver(Transaction finished, ContentBuffer.Result content, boolean chunked) {
    if (content.exceeded()) {
      return new Step.Reply(SmtpReply.MESSAGE_TOO_BIG);
    }
    // Bare CR or LF is refused, not repaired: nothing that could end DATA elsewhere is ever stored or relayed.
    if (content.bareLineEnding()) {
      return error(SmtpReply.BARE_LINE_END_IN_CONTENT);
    }
    // Refused whole rather than cut or folded (catalogue row 27): a relay must never send such a line on,
    // and a changed line would break a signature. Like a message too big, it is no protocol error.
    if (content.longestLine() > settings.maxTextLine()) {
      return new Step.Reply(SmtpReply.of(500, "5.2.3", "Error: line too long: a line of the message has "
          + content.longestLine() + " octets with its CRLF, at most " + settings.maxTextLine() + " are accepted"));
    }
    // A refused content is no protocol error: the client spoke correctly, the message is what is refused.
    Optional<SmtpReply> refused = policy.checkContent(connection.facts(), content.content());
    if (refused.isPresent()) {
      return new Step.Reply(refused.get());
    }
    Envelope envelope = new Envelope(connection.facts(), finished.sender, finished.recipients,
        finished.parameters.body(), finished.parameters.size(), chunked);
    CompletableFuture<SmtpReply> stored;
    try {
      stored = sink.receive(envelope, content.content());
    } catch (RuntimeException e) {
      stored = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<SmtpReply> reply = stored;
    return await(reply, () -> {
      SmtpReply answer = reply.isCompletedExceptionally() ? SmtpReply.LOCAL_ERROR : reply.join();
      if (answer.isPositive()) {
        connection.errors = 0;
        connection.junkCommands = 0;
      }
      return new Step.Reply(answer);
    });
  }

  private Step rset() {
    transaction = null;
    return junk(SmtpReply.OK);
  }

  private Step startTls(String argument) {
    if (!argument.isEmpty()) {
      return error(syntax("STARTTLS"));
    }
    if (connection.tlsActive) {
      return error(SmtpReply.TLS_ALREADY_ACTIVE);
    }
    if (!settings.startTlsAvailable()) {
      return error(SmtpReply.NOT_IMPLEMENTED);
    }
    if (connection.heloName.isEmpty()) {
      return error(SmtpReply.SEND_HELO_FIRST);
    }
    if (transaction != null) {
      return error(SmtpReply.MAIL_IN_PROGRESS);
    }
    return new Step.StartTls(SmtpReply.READY_TO_START_TLS);
  }

  private Step auth(String argument) {
    if (connection.heloName.isEmpty()) {
      return error(SmtpReply.SEND_HELO_FIRST);
    }
    if (connection.identity.isPresent()) {
      return error(SmtpReply.ALREADY_AUTHENTICATED);
    }
    if (transaction != null) {
      return error(SmtpReply.MAIL_IN_PROGRESS);
    }
    if (!policy.offerAuth(connection.facts())) {
      return error(settings.startTlsAvailable() && !connection.tlsActive
          ? SmtpReply.STARTTLS_FIRST : SmtpReply.AUTH_NOT_ENABLED);
    }
    String[] words = argument.split(" +");
    if (argument.isEmpty() || words.length > 2) {
      return error(syntax("AUTH mechanism [initial-response]"));
    }
    if (!AuthExchange.supports(words[0])) {
      return error(SmtpReply.UNSUPPORTED_MECHANISM);
    }
    auth = AuthExchange.start(words[0]);
    return authStep(auth.begin(words.length == 2 ? Optional.of(words[1]) : Optional.empty()));
  }

  private Step authResponse(SmtpInput input) {
    expecting = Expecting.COMMAND;
    if (input instanceof SmtpInput.CommandLine line) {
      return authStep(auth.answer(line.text()));
    }
    if (input instanceof SmtpInput.LineTooLong) {
      return endAuth(error(SmtpReply.AUTH_LINE_TOO_LONG));
    }
    if (input instanceof SmtpInput.MalformedLine malformed) {
      return endAuth(error(malformedReply(malformed.defect())));
    }
    throw new IllegalStateException("an AUTH response line was expected, not " + input);
  }

  private Step authStep(AuthExchange.Result result) {
    if (result instanceof AuthExchange.Result.Continue more) {
      expecting = Expecting.AUTH_RESPONSE;
      return new Step.Challenge(more.challenge());
    }
    if (result instanceof AuthExchange.Result.Failed failed) {
      return endAuth(error(failed.reply()));
    }
    Credentials credentials = ((AuthExchange.Result.Complete) result).credentials();
    auth = null;
    CompletableFuture<Optional<AuthIdentity>> checked;
    try {
      checked = policy.authenticator().authenticate(credentials);
    } catch (RuntimeException e) {
      checked = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Optional<AuthIdentity>> identity = checked;
    return await(identity, () -> {
      if (identity.isCompletedExceptionally()) {
        return new Step.Reply(SmtpReply.of(454, "4.7.0", "Temporary authentication failure"));
      }
      Optional<AuthIdentity> proved = identity.join();
      if (proved.isEmpty()) {
        return error(SmtpReply.AUTH_FAILED);
      }
      Optional<SmtpReply> refused = policy.refuseIdentity(connection.facts(), proved.get());
      if (refused.isPresent()) {
        return error(refused.get());
      }
      connection.identity = proved;
      return new Step.Reply(SmtpReply.AUTH_SUCCESSFUL);
    });
  }

  private Step endAuth(Step step) {
    auth = null;
    return step;
  }

  private Step await(CompletableFuture<?> until, Supplier<Step> then) {
    expecting = Expecting.AWAIT;
    continuation = then;
    return new Step.Await(until);
  }

  private Step junk(SmtpReply reply) {
    connection.junkCommands++;
    return connection.junkCommands > settings.junkCommandLimit() ? error(reply) : new Step.Reply(reply);
  }

  // A policy refusal counts as an error if permanent; back-pressure (4xx) must not end the session.
  private Step refusal(SmtpReply reply) {
    return reply.code() >= 500 ? error(reply) : new Step.Reply(reply);
  }

  private Step error(SmtpReply reply) {
    connection.errors++;
    if (connection.errors > settings.maxProtocolErrors()) {
      return close(SmtpReply.of(421, "4.7.0", settings.fqdn() + " Error: too many errors"));
    }
    return new Step.Reply(reply);
  }

  private Step close(SmtpReply reply) {
    expecting = Expecting.CLOSED;
    transaction = null;
    return new Step.ReplyAndClose(reply);
  }

  private static SmtpReply syntax(String syntax) {
    return SmtpReply.of(501, "5.5.4", "Syntax: " + syntax);
  }

  // "FROM:<a>" and, as many clients send it, "FROM: <a>".
  private static Optional<String> afterKeyword(String argument, String keyword) {
    if (!argument.regionMatches(true, 0, keyword, 0, keyword.length())) {
      return Optional.empty();
    }
    return Optional.of(argument.substring(keyword.length()).stripLeading());
  }
}
