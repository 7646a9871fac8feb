package dev.sluice.directory.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.zookeeper.common.PathUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DirectoryLayoutTest {
  private final DirectoryLayout layout = DirectoryLayout.at("/mail/sluice-prod");

  @Test
  void everyContainerIsUnderACustomRoot() {
    assertThat(layout.root()).isEqualTo("/mail/sluice-prod");
    assertThat(layout.config()).isEqualTo("/mail/sluice-prod/config");
    assertThat(layout.sites()).isEqualTo("/mail/sluice-prod/config/sites");
    assertThat(layout.siteLinks()).isEqualTo("/mail/sluice-prod/config/site-links");
    assertThat(layout.servers()).isEqualTo("/mail/sluice-prod/config/servers");
    assertThat(layout.acceptedDomains()).isEqualTo("/mail/sluice-prod/config/accepted-domains");
    assertThat(layout.connectors()).isEqualTo("/mail/sluice-prod/config/connectors");
    assertThat(layout.sendConnectors()).isEqualTo("/mail/sluice-prod/config/connectors/send");
    assertThat(layout.foreignConnectors()).isEqualTo("/mail/sluice-prod/config/connectors/foreign");
    assertThat(layout.receiveConnectors()).isEqualTo("/mail/sluice-prod/config/connectors/receive");
    assertThat(layout.receiveConnectorsOf("HUB1")).isEqualTo("/mail/sluice-prod/config/connectors/receive/hub1");
    assertThat(layout.edgeSubscriptions()).isEqualTo("/mail/sluice-prod/config/edge-subscriptions");
    assertThat(layout.users()).isEqualTo("/mail/sluice-prod/config/users");
    assertThat(layout.secrets()).isEqualTo("/mail/sluice-prod/secrets");
    assertThat(layout.secret("Fabrikam-Relay")).isEqualTo("/mail/sluice-prod/secrets/fabrikam-relay");
    assertThat(layout.runtime()).isEqualTo("/mail/sluice-prod/runtime");
    assertThat(layout.members()).isEqualTo("/mail/sluice-prod/runtime/members");
    assertThat(layout.member("HUB1")).isEqualTo("/mail/sluice-prod/runtime/members/hub1");
    assertThat(layout).hasToString("/mail/sluice-prod");
  }

  @Test
  void theDefaultRootIsSluiceAndTheOrganization() {
    DirectoryLayout contoso = DirectoryLayout.forOrganization("Contoso");

    assertThat(contoso.root()).isEqualTo("/sluice/contoso");
    assertThat(contoso.sendConnectors()).isEqualTo("/sluice/contoso/config/connectors/send");
    assertThat(contoso.members()).isEqualTo("/sluice/contoso/runtime/members");
    assertThat(DirectoryLayout.forOrganization(DirectoryLayout.DEFAULT_ORGANIZATION).root())
        .isEqualTo("/sluice/default");
    assertThat(DirectoryLayout.forOrganization("a/b").root()).as("an organization is one segment")
        .isEqualTo("/sluice/a%2Fb");
  }

  @Test
  void containersAreListedParentsFirstAndAllValid() {
    List<String> containers = layout.containers();

    assertThat(containers).first().isEqualTo(layout.root());
    assertThat(containers).doesNotHaveDuplicates().contains(layout.sites(), layout.siteLinks(), layout.servers(),
        layout.acceptedDomains(), layout.sendConnectors(), layout.foreignConnectors(), layout.receiveConnectors(),
        layout.edgeSubscriptions(), layout.users(), layout.secrets(), layout.members());
    for (int i = 1; i < containers.size(); i++) {
      String parent = DirectoryLayout.parentOf(containers.get(i));
      assertThat(containers.subList(0, i)).as("parent of " + containers.get(i)).contains(parent);
    }
    containers.forEach(PathUtils::validatePath);
  }

  @Test
  void aTrailingSlashOfTheRootIsDropped() {
    assertThat(DirectoryLayout.at("/sluice/contoso/").root()).isEqualTo("/sluice/contoso");
    assertThat(DirectoryLayout.at("/sluice").config()).isEqualTo("/sluice/config");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/", "sluice/contoso", "sluice", "/sluice//contoso", "//sluice", "/sluice/.",
      "/sluice/..", "/.", "/sluice/./contoso", "/sluice/../contoso", "/zookeeper", "/zookeeper/x", "/zookeeper/",
      "/sluice/a\u0001b", "/sluice/con\ntoso"})
  void aRootThatIsNotAnAbsoluteZnodePathOutsideZooKeepersOwnIsRefused(String root) {
    assertThatThrownBy(() -> DirectoryLayout.at(root))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be an absolute znode path such as /sluice/contoso, outside /zookeeper");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/zookeeper-sluice", "/zookeepers/contoso", "/sluice/.hidden", "/sluice/..x", "/a b/c"})
  void aRootThatOnlyLooksLikeAReservedOneIsAccepted(String root) {
    assertThat(DirectoryLayout.at(root).root()).isEqualTo(root);
    PathUtils.validatePath(DirectoryLayout.at(root).config());
  }

  @Test
  void noRootIsRefusedByName() {
    assertThatThrownBy(() -> DirectoryLayout.at(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("root");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "EdgeSync - Inbound to Site-A | edgesync - inbound to site-a",
      "EdgeSync - Site-A to Internet | edgesync - site-a to internet",
      "a/b                          | a%2Fb",
      "50%                          | 50%25",
      "%2F                          | %252f",
      ".hidden                      | %2Ehidden",
      ".                            | %2E",
      "..                           | %2E.",
      "a.b.                         | a.b.",
      "HUB1\\Default                | hub1\\default",
      "a+b c                        | a+b c",
      "Zürich                       | zürich",
      "東京                         | 東京"})
  void encodeLowersAndEscapesWhatZooKeeperWouldStumbleOn(String name, String encoded) {
    assertThat(DirectoryLayout.encode(name)).isEqualTo(encoded);
    assertThat(DirectoryLayout.nameOf("/x/" + encoded)).isEqualTo(name.toLowerCase(Locale.ROOT));
  }

  @Test
  void controlCharactersAreEscaped() {
    assertThat(DirectoryLayout.encode("tab\there")).isEqualTo("tab%09here");
    assertThat(DirectoryLayout.encode("del\u007f")).isEqualTo("del%7F");
    assertThat(DirectoryLayout.encode("nel\u0085")).isEqualTo("nel%C2%85");
  }

  @ParameterizedTest
  @ValueSource(strings = {"EdgeSync - Inbound to Site-A", "a/b", "50%", ".hidden", "..", "Zürich", "Ærø/Ελλάδα",
      "bell\u0007", "nel\u0085", "private\ue000", "mail 📮", "\ufff9x", "%41", "a%"})
  void nameOfDecodesWhatEncodeMadeAndZooKeeperTakesIt(String name) {
    String path = DirectoryLayout.child(layout.sendConnectors(), name);

    PathUtils.validatePath(path);
    assertThat(DirectoryLayout.parentOf(path)).isEqualTo(layout.sendConnectors());
    assertThat(DirectoryLayout.nameOf(path)).isEqualTo(name.toLowerCase(Locale.ROOT));
  }

  @Property(tries = 500)
  void everyNameMakesOneValidZnodeAndReadsBack(@ForAll("names") String name) {
    String path = DirectoryLayout.child(layout.servers(), name);

    PathUtils.validatePath(path);
    assertThat(path.substring(layout.servers().length() + 1)).doesNotContain("/");
    assertThat(DirectoryLayout.nameOf(path)).isEqualTo(name.toLowerCase(Locale.ROOT));
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.oneOf(
            Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12),
            Arbitraries.strings().withChars("./%+ \\aZ\u0000\u001f\u007f\u0085\ud83d\udcee\ue000\uffff")
                .ofMinLength(1).ofMaxLength(12))
        .filter(s -> !s.isBlank() && isWellFormed(s));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void aBlankNameIsRefused(String name) {
    assertThatThrownBy(() -> DirectoryLayout.encode(name)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be empty");
  }

  @Test
  void parentOfStopsAtTheTop() {
    assertThat(DirectoryLayout.parentOf("/sluice/contoso/config")).isEqualTo("/sluice/contoso");
    assertThat(DirectoryLayout.parentOf("/sluice")).isEqualTo("/");
    assertThat(DirectoryLayout.parentOf("/")).isEqualTo("/");
  }

  /** Java strings may hold half a surrogate pair; no operator can type one. */
  private static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
