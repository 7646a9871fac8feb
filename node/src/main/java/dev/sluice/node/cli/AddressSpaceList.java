package dev.sluice.node.cli;

import dev.sluice.routing.address.AddressSpace;
import java.util.List;

/**
 * The value of {@code --address-spaces}: Exchange's comma-separated list, each entry optionally quoted
 * ({@code '*.contoso.com;2,"SMTP:fabrikam.com;1"'}), parsed whole because an entry's quotes may hold commas.
 *
 * @param spaces the parsed address spaces
 */
record AddressSpaceList(List<AddressSpace> spaces) {
  AddressSpaceList {
    spaces = List.copyOf(spaces);
  }

  static AddressSpaceList parse(String text) {
    return new AddressSpaceList(AddressSpace.parseList(text));
  }
}
