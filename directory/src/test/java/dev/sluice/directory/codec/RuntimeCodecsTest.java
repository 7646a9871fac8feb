package dev.sluice.directory.codec;

import static dev.sluice.directory.codec.Documents.PATH;
import static dev.sluice.directory.codec.Documents.json;
import static dev.sluice.directory.codec.Documents.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.directory.Member;
import dev.sluice.directory.StoredSecret;
import dev.sluice.routing.model.ServerRole;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RuntimeCodecsTest {

  @Test
  void membersRoundTripToTheNanosecond() {
    assertThat(roundTrip(RuntimeCodecs.MEMBER, Samples.MEMBER)).isEqualTo(Samples.MEMBER);
  }

  @Test
  void smtpUsersRoundTrip() {
    assertThat(roundTrip(RuntimeCodecs.SMTP_USER, Samples.USER)).isEqualTo(Samples.USER);
  }

  @Test
  void secretsRoundTripAndNameTheirAlgorithm() {
    assertThat(roundTrip(RuntimeCodecs.SECRET, Samples.SECRET)).isEqualTo(Samples.SECRET);
    assertThat(DirectoryCodec.tree(RuntimeCodecs.SECRET, Samples.SECRET).get("algorithm").textValue())
        .isEqualTo("AES-256-GCM");
  }

  @Test
  void aMemberWithoutEndpointsOrLoadTakesEmptyAndZero() {
    Member read = DirectoryCodec.decode(RuntimeCodecs.MEMBER, PATH, json(
        "{'schemaVersion':1,'server':'EDGE1','role':'Edge','site':'Perimeter','startedAt':'2026-12-01T10:00:00Z'}"));

    assertThat(read).isEqualTo(
        new Member("EDGE1", ServerRole.EDGE, "Perimeter", "", "", "", Instant.parse("2026-12-01T10:00:00Z"), 0));
  }

  @Test
  void aSecretWithoutAnAlgorithmIsAesGcm() {
    StoredSecret read = DirectoryCodec.decode(RuntimeCodecs.SECRET, PATH,
        json("{'schemaVersion':1,'id':'s','keyId':'k1','nonce':'bg==','ciphertext':'Yw=='}"));

    assertThat(read).isEqualTo(new StoredSecret("s", "k1", "bg==", "Yw=="));
  }
}
