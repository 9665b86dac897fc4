import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';

/** The one 404 page: also what a township sees for another township's address (the api never says it exists). */
export function NotFound() {
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的页面不存在，或您没有查看权限。"
      extra={
        <Link to="/">
          <Button type="primary">返回首页</Button>
        </Link>
      }
    />
  );
}
