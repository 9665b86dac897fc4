import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { useNotifications } from '../api/queries';
import { formatDateTime } from '../format';

/** The bell with the unread count; opening it lists the latest notifications, clicking one marks it read. */
export function NotificationBell() {
  const q = useNotifications();
  const qc = useQueryClient();
  const read = useMutation({
    mutationFn: (id: string) => unwrap(api.PATCH('/api/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const items = (q.data ?? []).filter((n) => n.channel === 'in_app');
  const unread = items.filter((n) => !n.readAt).length;
  const content = (
    <div style={{ width: 340, maxHeight: 420, overflow: 'auto' }}>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无通知" />
      ) : (
        <List
          size="small"
          dataSource={items.slice(0, 30)}
          renderItem={(n) => (
            <List.Item
              onClick={() => !n.readAt && read.mutate(n.id)}
              style={{ cursor: n.readAt ? 'default' : 'pointer', background: n.readAt ? undefined : '#fff7e6' }}
            >
              <List.Item.Meta
                title={<Typography.Text strong={!n.readAt}>{n.subject}</Typography.Text>}
                description={
                  <>
                    <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ marginBottom: 4 }}>
                      {n.body}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary">{formatDateTime(n.createdAt)}</Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );
  return (
    <Popover content={content} title="通知" trigger="click" placement="bottomRight">
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button type="text" aria-label={`通知，${unread} 条未读`} icon={<BellOutlined style={{ fontSize: 18, color: '#fff' }} />} />
      </Badge>
    </Popover>
  );
}
