package dev.sluice.node.delivery;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
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
 * has none for, SERVFAIL for the names told to fail, and nothing at all for the names told to stay silent. A
 * CNAME answers every type and is not followed. A UDP answer past 512 octets (or the query's EDNS size) is
 * truncated with TC set, and the same port takes TCP, where answers are whole.
 */
public final class TestDnsServer implements AutoCloseable {
  private final DatagramSocket socket;
  private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
  private final Set<Name> failing = ConcurrentHashMap.newKeySet();
  private final Set<Name> silent = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private final java.net.ServerSocket tcp;
  private final java.util.concurrent.atomic.AtomicInteger udpAnswers = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicInteger tcpAnswers = new java.util.concurrent.atomic.AtomicInteger();

  public TestDnsServer(String address) throws IOException {
    socket = new DatagramSocket(new InetSocketAddress(address, 0));
    tcp = new java.net.ServerSocket();
    tcp.bind(new InetSocketAddress(address, socket.getLocalPort()));
    thread = new Thread(this::serve, "test-dns");
    thread.setDaemon(true);
    thread.start();
    Thread tcpThread = new Thread(this::serveTcp, "test-dns-tcp");
    tcpThread.setDaemon(true);
    tcpThread.start();
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

  /** The answer to one query, at most {@code limit} octets on the wire (truncated, with TC, past it). */
  private byte[] answer(byte[] query, int limit) throws IOException {
    Message asked = new Message(query);
    Record question = asked.getQuestion();
    if (silent.contains(question.getName())) {
      return null;
    }
    Message response = new Message(asked.getHeader().getID());
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
        // An alias answers any type, as an authoritative server answers it, without following it.
        if (r.getType() == question.getType() || r.getType() == org.xbill.DNS.Type.CNAME) {
          response.addRecord(r, Section.ANSWER);
        }
      }
    }
    return response.toWire(limit);
  }

  private void serve() {
    byte[] buffer = new byte[4096];
    while (!socket.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        byte[] query = java.util.Arrays.copyOf(packet.getData(), packet.getLength());
        org.xbill.DNS.OPTRecord opt = new Message(query).getOPT();
        // Without EDNS a UDP answer is at most 512 octets (RFC 1035 section 4.2.1).
        byte[] wire = answer(query, opt == null ? 512 : Math.max(512, opt.getPayloadSize()));
        if (wire != null) {
          udpAnswers.incrementAndGet();
          socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
        }
      } catch (IOException e) {
        if (socket.isClosed()) {
          return;
        }
      }
    }
  }

  /** DNS over TCP (RFC 1035 section 4.2.2): each message behind its two-octet length, until the client closes. */
  private void serveTcp() {
    while (!tcp.isClosed()) {
      try (java.net.Socket client = tcp.accept()) {
        client.setSoTimeout(5_000);
        java.io.DataInputStream in = new java.io.DataInputStream(client.getInputStream());
        java.io.DataOutputStream out = new java.io.DataOutputStream(client.getOutputStream());
        for (int length = in.readUnsignedShort(); ; length = in.readUnsignedShort()) {
          byte[] wire = answer(in.readNBytes(length), 65535);
          if (wire != null) {
            tcpAnswers.incrementAndGet();
            out.writeShort(wire.length);
            out.write(wire);
            out.flush();
          }
        }
      } catch (IOException e) {
        if (tcp.isClosed()) {
          return;
        }
      }
    }
  }

  /** How many answers went over UDP and over TCP. */
  public int udpAnswers() {
    return udpAnswers.get();
  }

  public int tcpAnswers() {
    return tcpAnswers.get();
  }

  @Override
  public void close() {
    socket.close();
    try {
      tcp.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
