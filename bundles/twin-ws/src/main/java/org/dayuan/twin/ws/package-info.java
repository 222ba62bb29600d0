/** Eclipse Ditto's WebSocket endpoint /ws/2: the Ditto Protocol for twin commands, events and search. */
package org.dayuan.twin.ws;
