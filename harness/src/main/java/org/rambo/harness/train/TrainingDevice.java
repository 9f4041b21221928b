package org.rambo.harness.train;

import ai.djl.Device;
import org.rambo.engine.DeviceSpec;
import org.rambo.engine.DeviceUnavailableException;
import org.rambo.engine.Devices;
import org.rambo.harness.config.ConfigException;
import org.rambo.harness.config.ProtocolSpec;

/** The device a grid's protocol trains on; one that is not usable is the config's error, named by its key. */
public final class TrainingDevice {

    private TrainingDevice() {}

    public static Device of(ProtocolSpec protocol) {
        try {
            return Devices.resolve(DeviceSpec.parse(protocol.device()));
        } catch (DeviceUnavailableException e) {
            throw ConfigException.forKey("protocol.device", e.getMessage());
        }
    }
}
