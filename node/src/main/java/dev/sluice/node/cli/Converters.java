package dev.sluice.node.cli;

import dev.sluice.routing.model.AcceptedDomainType;
import dev.sluice.routing.model.ExtendedRight;
import dev.sluice.routing.model.MaxMessageSize;
import dev.sluice.routing.model.Principal;
import dev.sluice.routing.model.ProtocolLoggingLevel;
import dev.sluice.routing.model.ReceiveConnector.Binding;
import dev.sluice.routing.model.ReceiveConnector.PermissionGroup;
import dev.sluice.routing.model.ReceiveConnector.ReceiveAuthMechanism;
import dev.sluice.routing.model.ReceiveConnector.RemoteIpRange;
import dev.sluice.routing.model.ServerRole;
import dev.sluice.routing.model.SmartHost;
import dev.sluice.routing.model.SmartHostAuthMechanism;
import dev.sluice.routing.model.TimeSpan;
import dev.sluice.routing.model.UsageType;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/**
 * The option types of the CLI and how their text is read: with the model's own parsers, so that the CLI
 * takes exactly what the directory stores (sizes {@code 10MB}, spans {@code 00:10:00} or {@code 10m},
 * Exchange's enum spellings). A bad value becomes picocli's usage error, worded by the parser.
 */
final class Converters {
  private Converters() {}

  static void register(CommandLine cli) {
    add(cli, MaxMessageSize.class, MaxMessageSize::parse);
    add(cli, Duration.class, TimeSpan::parse);
    add(cli, SmartHost.class, SmartHost::parse);
    add(cli, AddressSpaceList.class, AddressSpaceList::parse);
    add(cli, UsageType.class, UsageType::parse);
    add(cli, SmartHostAuthMechanism.class, SmartHostAuthMechanism::parse);
    add(cli, ProtocolLoggingLevel.class, ProtocolLoggingLevel::parse);
    add(cli, AcceptedDomainType.class, AcceptedDomainType::parse);
    add(cli, Principal.class, Principal::parse);
    add(cli, ExtendedRight.class, ExtendedRight::parse);
    add(cli, ServerRole.class, t -> camelCase(ServerRole.class, "role", t));
    add(cli, ReceiveAuthMechanism.class, t -> camelCase(ReceiveAuthMechanism.class, "authentication mechanism", t));
    add(cli, PermissionGroup.class, t -> camelCase(PermissionGroup.class, "permission group", t));
    add(cli, Binding.class, Binding::parse);
    add(cli, RemoteIpRange.class, RemoteIpRange::new);
  }

  private static <T> void add(CommandLine cli, Class<T> type, Function<String, T> parser) {
    cli.registerConverter(type, text -> {
      try {
        return parser.apply(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    });
  }

  /**
   * The constant of an enum that Exchange spells in CamelCase ({@code BasicAuthRequireTLS} for
   * {@code BASIC_AUTH_REQUIRE_TLS}), read case-insensitively with or without separators.
   */
  static <E extends Enum<E>> E camelCase(Class<E> type, String what, String text) {
    String wanted = key(text);
    for (E constant : type.getEnumConstants()) {
      if (key(constant.name()).equals(wanted)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(what + " '" + text + "' is not one of "
        + Arrays.stream(type.getEnumConstants()).map(Converters::camelCase).collect(Collectors.joining(", ")));
  }

  /** {@code BASIC_AUTH_REQUIRE_TLS} as {@code BasicAuthRequireTls}. */
  static String camelCase(Enum<?> constant) {
    StringBuilder out = new StringBuilder();
    for (String word : constant.name().split("_")) {
      out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }

  private static String key(String text) {
    return text.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
  }
}
