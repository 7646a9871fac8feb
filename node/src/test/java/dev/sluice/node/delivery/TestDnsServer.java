package dev.sluice.node.delivery;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * A small authoritative DNS server on a loopback UDP port, built on dnsjava's message classes, so that the
 * resolver path under test is the real one: it answers from the records it was given, NXDOMAIN for names it
 * has none for, SERVFAIL for the names told to fail, and nothing at all for the names told to stay silent.
 */
public final class TestDnsServer implements AutoCloseable {
  private final DatagramSocket socket;
  private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
  private final Set<Name> failing = ConcurrentHashMap.newKeySet();
  private final Set<Name> silent = ConcurrentHashMap.newKeySet();
  private final Thread thread;

  public TestDnsServer(String address) throws SocketException {
    socket = new DatagramSocket(new InetSocketAddress(address, 0));
    thread = new Thread(this::serve, "test-dns");
    thread.setDaemon(true);
    thread.start();
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  public TestDnsServer add(String zoneText) throws IOException {
    for (String line : zoneText.strip().split("\n")) {
      Record r = parse(line.strip());
      records.computeIfAbsent(r.getName(), n -> new ArrayList<>()).add(r);
    }
    return this;
  }

  public TestDnsServer failing(String name) throws IOException {
    failing.add(Name.fromString(name));
    return this;
  }

  public TestDnsServer silent(String name) throws IOException {
    silent.add(Name.fromString(name));
    return this;
  }

  /** One record in zone file form: {@code name ttl type rdata}. */
  private static Record parse(String line) throws IOException {
    String[] parts = line.split("\\s+", 4);
    Name name = Name.fromString(parts[0]);
    int type = org.xbill.DNS.Type.value(parts[2]);
    return Record.fromString(name, type, org.xbill.DNS.DClass.IN, Long.parseLong(parts[1]), parts[3], Name.root);
  }

  private void serve() {
    byte[] buffer = new byte[4096];
    while (!socket.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
        Record question = query.getQuestion();
        if (silent.contains(question.getName())) {
          continue;
        }
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setFlag(Flags.AA);
        response.addRecord(question, Section.QUESTION);
        List<Record> known = records.get(question.getName());
        if (failing.contains(question.getName())) {
          response.getHeader().setRcode(Rcode.SERVFAIL);
        } else if (known == null) {
          response.getHeader().setRcode(Rcode.NXDOMAIN);
        } else {
          for (Record r : known) {
            if (r.getType() == question.getType()) {
              response.addRecord(r, Section.ANSWER);
            }
          }
        }
        byte[] wire = response.toWire();
        socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
      } catch (IOException e) {
        if (socket.isClosed()) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    socket.close();
  }
}
