package dev.mtasts.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Settings a {@link DeliveryScenarios} class wants in the James it starts, beyond conf-samples and the world's
 * own: {@code mta-sts.properties} keys and parameters of the MtaStsRemoteDelivery mailet, each
 * {@code "name=value"}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface JamesSettings {
    /** {@code key=value} lines for {@code conf/mta-sts.properties}. */
    String[] mtaSts() default {};

    /** {@code name=value}: a parameter element added to the delivery mailet in mailetcontainer.xml. */
    String[] mailet() default {};
}
