package org.townalliance.notifications;

/** How a message reaches someone. */
public enum Channel {
    /** The console's inbox, with the unread count in its header (live). */
    IN_APP,
    /** E-mail through the platform's SMTP server ({@code spring.mail.*}). */
    EMAIL,
    /** SMS through the platform's gateway ({@code alliance.sms.*}), counted against the town's monthly quota. */
    SMS,
    /** An organisation's group robot (WeChat Work, DingTalk, Feishu), set up by its managers. */
    ROBOT
}
